//! Stage — attribute: agency credits in article text, the likely origin of shared copy, and each
//! outlet's wire share. (Being written.)
