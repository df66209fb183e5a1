<?php
// Echoes the form fields of a urlencoded POST and the raw body's length.
header('Content-Type: application/json');
echo json_encode(['post' => $_POST, 'method' => $_SERVER['REQUEST_METHOD'],
    'content_length' => $_SERVER['CONTENT_LENGTH'] ?? null]);
