package server

// Tools of the innovation nest: the catalogue, a tool with its ladder, adoptions, files and links.

import "net/http"

func (s *Server) nestHome(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolNew(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolCreate(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolShow(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolEdit(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolSave(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolPromote(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolOffer(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolAdoption(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolFiles(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolFile(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolLink(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }

func (s *Server) toolUnlink(w http.ResponseWriter, r *http.Request) { s.notFound(w, r) }
