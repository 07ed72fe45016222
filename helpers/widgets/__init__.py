"""ipywidgets builders for instructors, one module per notebook; each widget wraps a pure function that
tests call directly, and notebooks show a static figure of the same view before the widget."""
