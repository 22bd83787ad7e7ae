"""Web views of the common agenda, one module per page or group of pages: document (the
agenda and its JSON export), editor (the draft of the next version), export (PDF, DOCX)."""
