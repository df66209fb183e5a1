<?php
// Writes a line to the FastCGI stderr stream through error_log().
error_log('webob-stderr-marker ' . ($_GET['id'] ?? ''));
echo "logged\n";
