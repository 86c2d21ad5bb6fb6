# Sphinx configuration written by xabi render 0.1.0.
# Build with: sphinx-build -W -b html . _build
project = 'Xen guest ABI, as observed'
author = 'xabi'
root_doc = 'index'
master_doc = 'index'
extensions = []
exclude_patterns = ['_build']
html_theme = 'alabaster'
html_static_path = []
