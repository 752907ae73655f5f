"""Pure computation (pandas/numpy/scipy): plain data in, plain data out. Never import Qt here."""
