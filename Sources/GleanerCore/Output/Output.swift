// The Output stage; see docs/ and DESIGN in README.
