"""The pure calculation: plain data in, plain data out. No I/O, no printing, no click."""
