"""The terminal app's widgets: search bar, results, article, sidebar."""
