"""What the step-through shows on the diagram: revealed values, highlights and notes."""
