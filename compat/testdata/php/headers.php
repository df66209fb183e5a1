<?php
// Sets a status and response headers.
http_response_code(isset($_GET['code']) ? (int)$_GET['code'] : 201);
header('X-Custom: custom value');
header('X-Multi: one', false);
header('X-Multi: two', false);
setcookie('a', 'b');
echo "headers set\n";
