<?php
// A redirect without an explicit status: PHP sends 302.
header('Location: /elsewhere');
