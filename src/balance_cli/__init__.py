"""balance: assessment calculator for the basic balance of county compulsory education."""

__version__ = "0.1.0"
