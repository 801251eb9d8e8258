"""Hand-written runtime modules copied verbatim into every generated client package."""
