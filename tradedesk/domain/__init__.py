"""Pure domain core: value objects, country profiles, HS data, regime classification, valuation, checks.

Nothing here imports a web framework, database, XML or PDF library; it reads data files and does no other I/O.
"""
