<?php
while (ob_get_level() > 0) { ob_end_flush(); }
// Streams $_GET['mb'] MiB: block i is 64 KiB of the letter chr(65 + i % 26).
header('Content-Type: application/octet-stream');
$blocks = (int)($_GET['mb'] ?? 1) * 16;
for ($i = 0; $i < $blocks; $i++) {
    echo str_repeat(chr(65 + $i % 26), 65536);
    flush();
}
