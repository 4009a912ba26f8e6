package server

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/upload"
)

// uploaded reads the "file" field of an attachment upload. key is the message key of what is
// wrong with the file for the user (missing, too large); err is anything else.
func (s *Server) uploaded(r *http.Request) (name string, data []byte, key string, err error) {
	var tooLarge *http.MaxBytesError
	file, hdr, err := r.FormFile("file")
	switch {
	case errors.As(err, &tooLarge):
		return "", nil, "files.too_large", nil
	case err != nil:
		return "", nil, "files.missing", nil
	}
	defer file.Close()
	data, err = io.ReadAll(io.LimitReader(file, s.cfg.MaxUpload+1))
	switch {
	case errors.As(err, &tooLarge):
		return "", nil, "files.too_large", nil
	case err != nil:
		return "", nil, "", err
	}
	return hdr.Filename, data, "", nil
}

// uploadError is the message key for a store's refusal of a file, or "" for other errors.
func uploadError(err error) string {
	var tl *oversight.TooLarge
	var ntl *note.TooLarge
	switch {
	case err == nil:
		return ""
	case errors.As(err, &tl), errors.As(err, &ntl):
		return "files.too_large"
	case errors.Is(err, upload.ErrEmpty):
		return "files.empty"
	case errors.Is(err, upload.ErrMismatch):
		return "files.mismatch"
	case errors.Is(err, upload.ErrUnsupported):
		return "files.unsupported"
	}
	return ""
}

// serveDownload sends an attachment with its checked type, never rendered in our origin.
func serveDownload(w http.ResponseWriter, name, mime string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", mime)
	h.Set("Content-Disposition", upload.Disposition(name))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Write(data)
}
