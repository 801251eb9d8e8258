"""The intermediate model: the spec resolved into small frozen values that already speak Python."""
