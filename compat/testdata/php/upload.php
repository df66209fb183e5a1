<?php
// Describes the uploaded files: name, size, md5, error.
header('Content-Type: application/json');
$files = [];
foreach ($_FILES as $field => $f) {
    $files[$field] = ['name' => $f['name'], 'size' => $f['size'], 'error' => $f['error'],
        'md5' => $f['error'] === UPLOAD_ERR_OK ? md5_file($f['tmp_name']) : null];
}
echo json_encode(['files' => $files, 'post' => $_POST]);
