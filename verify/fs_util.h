/* fs_util.h */
