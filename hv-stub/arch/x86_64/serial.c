// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor console: a 16550 UART on COM1, polled.  Output only goes
 * through console_write(); input is polled by the console back-end.
 */
#include <hv/lib.h>
#include <hv/x86.h>
#include <hv/console.h>

#define COM1		0x3f8
#define UART_THR	0
#define UART_RBR	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_DLL	0
#define UART_DLM	1
#define LSR_DR		0x01
#define LSR_THRE	0x20

void serial_init(void)
{
	port_out8(COM1 + UART_IER, 0);
	port_out8(COM1 + UART_LCR, 0x80);	/* divisor latch */
	port_out8(COM1 + UART_DLL, 1);	/* 115200 baud */
	port_out8(COM1 + UART_DLM, 0);
	port_out8(COM1 + UART_LCR, 0x03);	/* 8n1 */
	port_out8(COM1 + UART_FCR, 0x07);
	port_out8(COM1 + UART_MCR, 0x03);
}

static void serial_putc(char c)
{
	int spin = 100000;

	while (!(port_in8(COM1 + UART_LSR) & LSR_THRE) && --spin)
		;
	port_out8(COM1 + UART_THR, c);
}

void console_write(const char *s, size_t len)
{
	for (; len; len--, s++) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s);
	}
}

int serial_getc(void)
{
	if (!(port_in8(COM1 + UART_LSR) & LSR_DR))
		return -1;
	return port_in8(COM1 + UART_RBR);
}
