<?php
// The same dump as server.php under another script name, for the PATH_INFO
// and mount-prefix cases (SCRIPT_NAME and SCRIPT_FILENAME name this file).
require __DIR__ . "/server.php";
