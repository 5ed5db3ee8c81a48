"""The use cases both interfaces stand on: the acting session, ingest, exports and decisions."""
