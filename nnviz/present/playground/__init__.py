"""The playground's view-models: neuron maps over the input plane, and the cost surface."""
