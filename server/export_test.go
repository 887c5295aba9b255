package server

import "github.com/practicegraph/practicegraph/resolvers"

// Turns returns the turns the server's answers are built in, for the tests to take.
func (s *Server) Turns() *resolvers.Turns { return s.turns }
