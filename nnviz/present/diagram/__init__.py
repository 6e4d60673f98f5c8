"""What the diagram draws: numbers per node and edge, layout, edges chosen, texts, tooltips."""
