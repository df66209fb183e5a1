package compat_test

import (
	"log"
	"log/slog"
	"net/http"
	"time"

	"github.com/webob-go/webob/compat"
)

// A PHP application served through php-fpm: paths like /index.php/blog/1
// run /var/www/html/index.php with PATH_INFO /blog/1, directories run
// their index.php, and up to four connections are kept open (php-fpm's
// pool must have more workers than that).
func ExampleFastCGI() {
	php := compat.FastCGI(&compat.FastCGIOptions{
		Network:      "tcp",
		Address:      "127.0.0.1:9000", // or Network "unix", Address "/run/php/php8.2-fpm.sock"
		Root:         "/var/www/html",
		SplitPath:    []string{".php"},
		Index:        "index.php",
		ReadTimeout:  30 * time.Second,
		MaxConns:     16,
		MaxIdleConns: 4,
		Env:          map[string]string{"APP_ENV": "production"},
		Logger:       slog.Default(), // the scripts' error_log() lines, at level Warn
	})
	mux := http.NewServeMux()
	mux.Handle("/", php)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", mux))
}
