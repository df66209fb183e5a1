<?php
// A script in a sibling of the test document root: never reachable.
echo "SECRET\n";
