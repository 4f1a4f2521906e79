"""Ориентир: the programme of support for schools with low educational results (ШНОР)
and schools in adverse social conditions (ШНСУ)."""
