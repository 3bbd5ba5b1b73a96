"""Charts drawn on the server as SVG: they work without JavaScript, in print and in a feed."""
