"""The command-line face: parses arguments, calls the application layer, renders results."""
