"""Understanding: one Grid, whatever file it came from, becomes a ParsedDocument."""
