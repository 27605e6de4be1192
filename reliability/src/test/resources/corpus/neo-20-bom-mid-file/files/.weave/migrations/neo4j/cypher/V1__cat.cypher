CREATE (:A);

﻿CREATE (:B);
