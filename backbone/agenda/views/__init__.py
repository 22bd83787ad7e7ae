"""Web views of the common agenda, one module per page or group of pages: document (the
agenda, its editor, its JSON export)."""
