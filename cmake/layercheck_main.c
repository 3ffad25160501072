/*
 * layercheck_main.c - the main() of the layer checks (src/CMakeLists.txt):
 * they exist to be linked, never to be run.
 */
int main(void)
{
	return 0;
}
