"""Population scale: case lists in and out as spreadsheets, synthetic detainee populations, and
the summaries and charts researchers publish (issue 11)."""
