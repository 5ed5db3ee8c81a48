"""Text in, structured extraction out: readers, the spaCy pipeline and scoring. No database code here."""
