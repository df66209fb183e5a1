<?php
// Echoes the md5 and length of the raw request body.
header('Content-Type: application/json');
$body = file_get_contents('php://input');
echo json_encode(['md5' => md5($body), 'length' => strlen($body),
    'content_length' => $_SERVER['CONTENT_LENGTH'] ?? null]);
