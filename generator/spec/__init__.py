"""Building the OpenAPI document: merge page transcripts with the service file, apply the overlay."""
