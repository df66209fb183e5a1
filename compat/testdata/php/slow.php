<?php
// Sleeps $_GET['ms'] milliseconds before answering.
usleep((int)($_GET['ms'] ?? 1000) * 1000);
echo "slept\n";
