"""Files from outside: what they are, what they hold, whether they are safe to open."""
