<?php
// Answers the worker's process id (keep-alive reuses one worker).
echo getmypid();
