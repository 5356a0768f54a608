"""The lessons of "how a model really learns", one module each (l01_equation … l13_inference).

``python -m demos.<lesson>`` runs one lesson; ``python -m demos.tour`` (``make demo``) runs them all
and writes ``out/index.html``.
"""
