"""One router per resource; each route parses, names the caller, calls `vocadesk/`, returns a model."""
