// Package docs embeds the OpenAPI document generated from the protos
// (scripts/protocgen.sh) so that the node can serve it.
package docs

import (
	_ "embed"
	"net/http"

	"github.com/gorilla/mux"
)

// OpenAPI is the merged OpenAPI v2 document of every REST route the node
// serves (Civitas modules, SDK modules, wasm, IBC).
//
//go:embed openapi/openapi.yml
var OpenAPI []byte

// OpenAPIPath is the REST path at which the node serves the document.
const OpenAPIPath = "/openapi.yml"

// RegisterOpenAPIService serves the OpenAPI document at OpenAPIPath.
func RegisterOpenAPIService(rtr *mux.Router) {
	rtr.HandleFunc(OpenAPIPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		_, _ = w.Write(OpenAPI)
	}).Methods(http.MethodGet)
}
