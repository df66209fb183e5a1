<?php
while (ob_get_level() > 0) { ob_end_flush(); }
// Sends a first part, flushes, waits $_GET['ms'] milliseconds, sends the rest.
echo "first part\n";
flush();
usleep((int)($_GET['ms'] ?? 1000) * 1000);
echo "second part\n";
