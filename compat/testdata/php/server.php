<?php
// Echoes the request's meta-variables and query as JSON.
header('Content-Type: application/json');
$keys = ['REQUEST_METHOD', 'REQUEST_URI', 'QUERY_STRING', 'SCRIPT_NAME', 'SCRIPT_FILENAME',
    'PATH_INFO', 'PATH_TRANSLATED', 'DOCUMENT_ROOT', 'HTTP_PROXY', 'HTTP_HOST', 'HTTP_X_TEST',
    'HTTPS', 'REQUEST_SCHEME', 'SERVER_NAME', 'SERVER_PORT', 'REMOTE_ADDR', 'CONTENT_LENGTH',
    'CONTENT_TYPE', 'GATEWAY_INTERFACE', 'SERVER_PROTOCOL', 'HTTP_COOKIE', 'WEBOB_EXTRA'];
$out = ['server' => [], 'get' => (object)$_GET, 'proxy_env' => getenv('HTTP_PROXY')];
foreach ($keys as $k) {
    if (array_key_exists($k, $_SERVER)) {
        $out['server'][$k] = $_SERVER[$k];
    }
}
echo json_encode($out);
