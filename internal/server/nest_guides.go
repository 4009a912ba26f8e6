package server

// Change guides: pilot offices, their development topics and the guides' visits.

import "net/http"

func (s *Server) nestPilots(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) nestOffice(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) devTopicAdd(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) guideVisitAdd(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) guideVisits(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }
