package server

// How tools spread: the offices × tools matrix, its CSV and one tool's timeline.

import "net/http"

func (s *Server) toolSpread(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) nestMatrix(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) nestMatrixCSV(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }
