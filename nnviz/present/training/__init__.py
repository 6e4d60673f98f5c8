"""What the training views show: plot specifications, thinned curves, CSV tables."""
