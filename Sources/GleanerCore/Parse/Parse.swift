// The Parse stage; see docs/ and DESIGN in README.
