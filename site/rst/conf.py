# Sphinx configuration written by xabi render 0.1.0.
# Build with: sphinx-build -W -b html . _build
project = 'Xen guest ABI, as observed'
author = 'xabi'
root_doc = 'index'
master_doc = 'index'
extensions = []
exclude_patterns = ['_build']
html_theme = 'alabaster'
# xabi.css: table cells wrap (Read the Docs' theme keeps them on one line).
html_static_path = ['xabi.css']
html_css_files = ['xabi.css']
