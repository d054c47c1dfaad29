// The Fetch stage; see docs/ and DESIGN in README.
