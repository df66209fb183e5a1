<?php
// The index script of a directory.
echo "sub index\n";
