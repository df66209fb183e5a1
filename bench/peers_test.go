package bench

// Blank imports keep every peer in go.mod until the benchmarks that use it
// are written; they cost nothing at run time.
import (
	_ "github.com/elnormous/contenttype"
	_ "github.com/gin-gonic/gin"
	_ "github.com/golang/gddo/httputil/header"
	_ "github.com/gorilla/securecookie"
	_ "github.com/labstack/echo/v4"
	_ "github.com/pquerna/cachecontrol/cacheobject"
	_ "github.com/webob-go/webob/headers"
	_ "golang.org/x/text/language"
)
